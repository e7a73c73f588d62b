/**
 * Migration of an eGo deployment between stores: {@link io.ego.migration.StoreCopy}
 * copies every record of one set of {@link io.ego.migration.MigrationStores} into
 * another, resumably, translating projection offsets to the target's positions, and
 * {@link io.ego.migration.StoreVerification} compares the two sides entity by entity.
 * Plain Java over the store SPI: any pair of stores that implement its listing methods.
 */
@NullMarked
package io.ego.migration;

import org.jspecify.annotations.NullMarked;
