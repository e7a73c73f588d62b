/**
 * Annotations that declare beans as eGo entity behaviours.
 */
@NullMarked
package io.ego.spring.annotation;

import org.jspecify.annotations.NullMarked;
