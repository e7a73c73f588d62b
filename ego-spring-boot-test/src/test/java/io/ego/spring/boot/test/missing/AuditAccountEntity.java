package io.ego.spring.boot.test.missing;

import io.ego.core.fixtures.AccountBehavior;
import io.ego.spring.annotation.EventSourcedEntity;

/** The account entity of this application. */
@EventSourcedEntity("account")
public class AuditAccountEntity extends AccountBehavior {

}
