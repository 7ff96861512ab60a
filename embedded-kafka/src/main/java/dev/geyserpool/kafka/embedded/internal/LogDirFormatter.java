package dev.geyserpool.kafka.embedded.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a KRaft log directory in-process, as {@code kafka-storage.sh format} does, without its
 * {@code System.exit} ({@code StorageTool.main} exits the JVM, so it is never called here).
 *
 * <p>A directory that already holds {@code meta.properties} is left alone, so a broker restarted on
 * it keeps its cluster id, topics and records. Threading: stateless.
 */
public final class LogDirFormatter {

    private static final Logger log = LoggerFactory.getLogger(LogDirFormatter.class);

    /** Written by the formatter; KafkaRaftServer refuses to start on a directory without it. */
    private static final String META_PROPERTIES = "meta.properties";

    private LogDirFormatter() {}

    /** Returns whether {@code logDir} has been formatted by a previous run. */
    public static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve(META_PROPERTIES));
    }

    /**
     * Formats {@code logDir} for a single static-quorum node with a new cluster id, unless it is
     * formatted already; returns whether it formatted.
     */
    public static boolean formatIfNeeded(Path logDir) {
        if (isFormatted(logDir)) {
            return false;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(KRaftNodeConfig.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(KRaftNodeConfig.CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log dir " + logDir + ": " + e.getMessage(), e);
        }
        log.debug("Formatted Kafka log dir {}: {}", logDir, output.toString(StandardCharsets.UTF_8).strip());
        return true;
    }
}
