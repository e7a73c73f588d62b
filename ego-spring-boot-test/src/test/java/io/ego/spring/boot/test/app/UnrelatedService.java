package io.ego.spring.boot.test.app;

import org.springframework.stereotype.Service;

/** A component of the application that an {@code @EgoTest} does not start. */
@Service
public class UnrelatedService {

}
