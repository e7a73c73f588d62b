package io.ego.spring.boot.autoconfigure.projections;

import io.ego.spring.annotation.ProjectionHandler;

/**
 * Annotated, but does not implement Projection.
 */
@ProjectionHandler("nothing")
public class NotAProjection {

}
