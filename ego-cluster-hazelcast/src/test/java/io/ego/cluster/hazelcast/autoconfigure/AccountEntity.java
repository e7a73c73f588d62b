package io.ego.cluster.hazelcast.autoconfigure;

import java.util.List;

import com.google.protobuf.Message;
import io.ego.core.EventSourcedBehavior;
import io.ego.core.fixtures.AccountBehavior;
import io.ego.spring.annotation.EventSourcedEntity;
import io.ego.test.bank.Account;

/**
 * The test bank account of ego-core, declared as entity type {@code account}.
 */
@EventSourcedEntity("account")
class AccountEntity implements EventSourcedBehavior<Account> {

	private final AccountBehavior delegate = new AccountBehavior();

	@Override
	public Account initialState() {
		return this.delegate.initialState();
	}

	@Override
	public List<? extends Message> handleCommand(Message command, Account state) {
		return this.delegate.handleCommand(command, state);
	}

	@Override
	public Account handleEvent(Message event, Account state) {
		return this.delegate.handleEvent(event, state);
	}

}
