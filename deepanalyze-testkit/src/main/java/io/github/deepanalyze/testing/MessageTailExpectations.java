package io.github.deepanalyze.testing;

import io.github.deepanalyze.model.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The check mode of {@link ScriptedModelServer}: the messages request {@code i} must end with, and
 * the mismatches found so far, one line each. Mismatches are collected rather than thrown because
 * requests are checked on the server's threads. Not thread-safe: the server calls it under its lock.
 */
final class MessageTailExpectations {
    private final Map<Integer, List<Message>> expectedTails = new HashMap<>();
    private final List<String> failures = new ArrayList<>();

    /** Request {@code requestIndex} must end with {@code tail}, role and exact content. */
    void expect(int requestIndex, List<Message> tail) {
        expectedTails.put(requestIndex, List.copyOf(tail));
    }

    /** The mismatches so far. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Records a mismatch if {@code request} has an expected tail and does not end with it. */
    void check(RecordedRequest request) {
        List<Message> tail = expectedTails.get(request.index());
        if (tail == null) {
            return;
        }
        List<Message> messages;
        try {
            messages = request.messages();
        } catch (AssertionError e) {
            failures.add(e.getMessage());
            return;
        }
        if (messages.size() < tail.size()) {
            failures.add("request " + request.index() + " has " + messages.size() + " messages, expected at least " + tail.size());
            return;
        }
        List<Message> actual = messages.subList(messages.size() - tail.size(), messages.size());
        for (int i = 0; i < tail.size(); i++) {
            if (!actual.get(i).equals(tail.get(i))) {
                failures.add("request " + request.index() + ", message " + (messages.size() - tail.size() + i)
                        + ": expected " + abbreviate(tail.get(i)) + " but was " + abbreviate(actual.get(i)));
            }
        }
    }

    private static String abbreviate(Message m) {
        String c = m.content();
        return m.role().wireName() + ":\"" + (c.length() > 200 ? c.substring(0, 200) + "…" : c) + "\"";
    }
}
