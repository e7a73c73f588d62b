package io.ego.core;

import io.ego.test.bank.Account;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProtoSmokeTests {

	@Test
	void generatedMessagesRoundTrip() throws Exception {
		Account a = Account.newBuilder().setId("a").setBalance(3).build();
		assertThat(Account.parseFrom(a.toByteArray())).isEqualTo(a);
	}

}
