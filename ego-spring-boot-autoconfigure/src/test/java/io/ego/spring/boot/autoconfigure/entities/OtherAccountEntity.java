package io.ego.spring.boot.autoconfigure.entities;

import io.ego.spring.annotation.EventSourcedEntity;

/**
 * A second behaviour claiming entity type {@code account}.
 */
@EventSourcedEntity(type = "account")
public class OtherAccountEntity extends AccountEntity {

}
