package io.ego.spring.boot.test.missing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/** A plain component: not an eGo bean, so not in the slice unless the test adds it. */
@Component
public class AuditLog {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	void add(String line) {
		this.lines.add(line);
	}

	/**
	 * @return the lines written
	 */
	public List<String> lines() {
		return List.copyOf(this.lines);
	}

}
