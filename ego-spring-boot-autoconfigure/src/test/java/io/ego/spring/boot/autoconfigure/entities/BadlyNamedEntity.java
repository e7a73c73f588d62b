package io.ego.spring.boot.autoconfigure.entities;

import io.ego.spring.annotation.DurableStateEntity;

/**
 * A behaviour whose type name is not allowed.
 */
@DurableStateEntity("bad name")
public class BadlyNamedEntity extends CounterEntity {

}
