package io.ego.spring.boot.autoconfigure.scan;

import io.ego.spring.annotation.EventSourcedEntity;
import io.ego.spring.boot.autoconfigure.entities.AccountEntity;

/**
 * An entity behaviour found by component scanning.
 */
@EventSourcedEntity("scanned-account")
public class ScannedAccountEntity extends AccountEntity {

}
