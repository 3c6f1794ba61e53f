package dev.ratchet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** The services' HTML pages (evaluation reports, dataset profiles), saved to files. */
public final class Pages {
    private Pages() {}

    /** Saves the page at {@code address} (host:port) + {@code path}; an error with the service's answer otherwise. */
    public static Path save(String address, String path, Path file) {
        URI page = URI.create("http://" + address + path);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            HttpResponse<Path> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                String answer = Files.readString(file);
                Files.delete(file);
                throw new IllegalStateException(page + " answered " + response.statusCode() + ": " + answer.strip());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + page + " to " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while saving " + page, e);
        }
    }
}
