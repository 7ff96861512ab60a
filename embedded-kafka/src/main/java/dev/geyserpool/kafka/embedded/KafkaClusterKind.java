package dev.geyserpool.kafka.embedded;

/**
 * Which broker {@link KafkaClusterExtension} gives tests, read from the system property
 * {@value #PROPERTY} (the parent pom passes the Maven property of the same name to Surefire).
 */
enum KafkaClusterKind {
    /** The in-process {@link EmbeddedKafkaBroker}: the default, needs nothing but this JVM. */
    EMBEDDED("embedded"),
    /** A broker in a Docker container; tests are skipped where Docker is not available. */
    TESTCONTAINERS("testcontainers");

    static final String PROPERTY = "geyserpool.kafka";

    private final String value;

    KafkaClusterKind(String value) {
        this.value = value;
    }

    /** The kind the system property selects. */
    static KafkaClusterKind fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }

    /**
     * Parses a property value: {@code embedded}, {@code testcontainers}, or null or blank for
     * {@code embedded}; surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException for any other value, naming the property, the value and the
     *     allowed values
     */
    static KafkaClusterKind parse(String value) {
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        for (KafkaClusterKind kind : values()) {
            if (kind.value.equals(value.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("system property " + PROPERTY + " is '" + value
                + "', but must be 'embedded' or 'testcontainers' (unset or blank means 'embedded'); "
                + "set it with -D" + PROPERTY + "=embedded or -D" + PROPERTY + "=testcontainers");
    }

    @Override
    public String toString() {
        return value;
    }
}
