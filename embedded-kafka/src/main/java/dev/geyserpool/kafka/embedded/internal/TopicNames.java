package dev.geyserpool.kafka.embedded.internal;

import java.util.UUID;
import java.util.regex.Pattern;

/** Topic names for tests that share a cluster. Threading: stateless. */
public final class TopicNames {

    /** Kafka's legal topic characters ({@code Topic.LEGAL_CHARS}). */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    /** Kafka allows 249 characters per topic name; the suffix takes 13. */
    private static final int MAX_PREFIX_LENGTH = 200;

    private TopicNames() {}

    /** Returns {@code prefix-<12 random hex digits>}. */
    public static String unique(String prefix) {
        if (prefix == null || prefix.length() > MAX_PREFIX_LENGTH || !LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix is '" + prefix + "', but must be 1 to "
                    + MAX_PREFIX_LENGTH + " characters of [a-zA-Z0-9._-]");
        }
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
