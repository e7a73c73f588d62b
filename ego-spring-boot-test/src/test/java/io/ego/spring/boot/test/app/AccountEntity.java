package io.ego.spring.boot.test.app;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.spring.annotation.EventSourcedEntity;

/** The account entity of the application under test. */
@EventSourcedEntity("account")
public class AccountEntity extends AccountBehavior {

}
