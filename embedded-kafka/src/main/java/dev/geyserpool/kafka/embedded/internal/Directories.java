package dev.geyserpool.kafka.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree helpers for broker data directories. Threading: stateless. */
public final class Directories {

    private Directories() {}

    /** Deletes {@code root} and everything below it; a missing {@code root} is not an error. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException alreadyGone) {
                    // Deleted meanwhile: the goal is reached.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete directory " + root, e);
        }
    }
}
