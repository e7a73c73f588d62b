package io.ego.spring.boot.autoconfigure.entities;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.spring.annotation.EventSourcedEntity;

/**
 * The test bank account of ego-core, declared as entity type {@code account}.
 */
@EventSourcedEntity("account")
public class AccountEntity extends AccountBehavior {

}
