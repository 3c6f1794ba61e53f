package dev.ratchet.tracking.artifact;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.tracking.TrackingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bytes on a local filesystem, content-addressed: {@code <root>/sha256/ab/cdef...}. A write goes to
 * a temporary file and is moved into place once its digest is known, so a half-written upload is
 * never visible and identical bytes are stored once.
 */
@ApplicationScoped
public class ArtifactStore {
    private final Path root;
    private final long maxBytes;

    ArtifactStore(TrackingConfig config) {
        this.root = config.artifacts().root();
        this.maxBytes = config.artifacts().maxBytes();
    }

    /** An upload in progress. */
    public final class Upload implements AutoCloseable {
        private final Path temp;
        private final OutputStream out;
        private final MessageDigest sha256;
        private long size;

        private Upload() throws IOException {
            Files.createDirectories(root.resolve("tmp"));
            temp = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
            out = Files.newOutputStream(temp);
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public void write(byte[] chunk) {
            size += chunk.length;
            if (size > maxBytes) {
                throw ApiException.invalidArgument("the artifact exceeds " + maxBytes + " bytes, the store's limit "
                        + "(ratchet.artifacts.max-bytes)");
            }
            sha256.update(chunk);
            try {
                out.write(chunk);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Moves the bytes into place; returns their digest ("sha256:<hex>") and size. */
        public Stored commit() {
            try {
                out.close();
                String hex = HexFormat.of().formatHex(sha256.digest());
                Path target = blob(hex);
                Files.createDirectories(target.getParent());
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    Files.deleteIfExists(temp); // the same bytes are already stored
                }
                return new Stored("sha256:" + hex, size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Stored bytes. */
    public record Stored(String digest, long size) {}

    public Upload upload() {
        try {
            return new Upload();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the artifact store at " + root, e);
        }
    }

    public InputStream open(String digest) throws IOException {
        return Files.newInputStream(blob(digest.substring("sha256:".length())));
    }

    private Path blob(String hex) {
        return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2));
    }
}
