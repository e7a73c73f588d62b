package io.ego.cluster.hazelcast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router computes a persistence id's hash from the type and the id without building
 * the string: it must equal the string's own hash, which every member computes alike.
 */
class PartitioningTests {

	@Test
	void thePersistenceIdHashWithoutTheStringIsTheStringsHash() {
		String longId = "x".repeat(300);
		for (String type : new String[] { "account", "saga.transfer", "a" }) {
			for (String id : new String[] { "acc-1", "", "ü-ß-😀", "r0-acc-00001", longId }) {
				assertThat(HazelcastCommandRouter.persistenceIdHash(type, id)).as("%s|%s", type, id)
					.isEqualTo((type + "|" + id).hashCode());
			}
		}
	}

}
