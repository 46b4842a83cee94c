package org.transferlab.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The keys that sign results and events ({@link RecordSigner}), and where they come from:
 * <ul>
 * <li>{@value #ENV_KEYS}: keys separated by commas, newest first;</li>
 * <li>{@value #ENV_KEYS_FILE} (or the {@code --result-keys-file} option): a file of keys, one a
 * line, newest first, {@code #} starting a comment;</li>
 * <li>for the embedded stack with nothing configured: a random key kept in the data directory, so
 * that results stored there stay trusted after a restart;</li>
 * <li>for roles started in a program (and tests) with nothing configured: one random key per JVM.</li>
 * </ul>
 * Gateways and workers in separate processes must be given the same keys. A key is text of at least
 * {@value #MIN_KEY_LENGTH} characters; its UTF-8 bytes are the HMAC key.
 */
public final class SigningKeys {
    public static final String ENV_KEYS = "TRANSFERLAB_RESULT_KEYS";
    public static final String ENV_KEYS_FILE = "TRANSFERLAB_RESULT_KEYS_FILE";
    /** Name of the key file the embedded stack keeps in its data directory. */
    public static final String DATA_DIR_FILE = "result-keys";
    static final int MIN_KEY_LENGTH = 16;

    /** Made on first use, so that a program that configures its keys never needs them. */
    private static SigningKeys processKeys;

    private final List<String> keys;

    private SigningKeys(List<String> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Keys separated by commas or lines; blank entries and {@code #} comments are skipped.
     *
     * @param origin where the text came from, for error messages (which never show a key)
     */
    public static SigningKeys parse(String text, String origin) {
        List<String> keys = new ArrayList<>();
        for (String entry : text.lines().map(l -> l.replaceFirst("#.*", "")).flatMap(l -> Stream.of(l.split(",")))
                .toList()) {
            String key = entry.strip();
            if (key.isEmpty()) {
                continue;
            }
            if (key.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("signing key " + (keys.size() + 1) + " of " + origin + " has "
                        + key.length() + " characters; at least " + MIN_KEY_LENGTH + " are needed");
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(origin + " holds no signing key");
        }
        return new SigningKeys(keys);
    }

    public static SigningKeys read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys from " + file + ": " + e.getMessage(), e);
        }
    }

    /** The keys {@value #ENV_KEYS} or {@value #ENV_KEYS_FILE} names in this environment, if any. */
    public static Optional<SigningKeys> configured(Map<String, String> env) {
        String text = env.get(ENV_KEYS);
        if (text != null && !text.isBlank()) {
            return Optional.of(parse(text, ENV_KEYS));
        }
        String file = env.get(ENV_KEYS_FILE);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(read(Path.of(file)));
    }

    /** One fresh random key (256 bits, base64). */
    public static SigningKeys random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new SigningKeys(List.of(Base64.getEncoder().encodeToString(b)));
    }

    /**
     * The key kept in {@code dataDir} (made on first use, readable by its owner only); or, when keys are
     * configured, those, followed by the kept key if there is one, so that the results it signed stay
     * trusted.
     */
    public static SigningKeys forDataDir(Path dataDir, Map<String, String> env) {
        Path file = dataDir.resolve(DATA_DIR_FILE);
        Optional<SigningKeys> configured = configured(env);
        if (configured.isPresent()) {
            if (!Files.exists(file)) {
                return configured.get();
            }
            List<String> both = new ArrayList<>(configured.get().keys);
            both.addAll(read(file).keys);
            return new SigningKeys(both);
        }
        if (!Files.exists(file)) {
            try {
                random().writeTo(file);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof FileAlreadyExistsException)) {
                    throw e;
                }
            }
        }
        return read(file);
    }

    /** The configured keys, or else one random key made once for this JVM. */
    public static synchronized SigningKeys processDefault() {
        if (processKeys == null) {
            processKeys = configured(System.getenv()).orElseGet(SigningKeys::random);
        }
        return processKeys;
    }

    /** Writes the keys to a new file readable by its owner only (where the file system has POSIX permissions). */
    public void writeTo(Path file) {
        try {
            Path created;
            try {
                created = Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                created = Files.createFile(file);
            }
            Files.writeString(created, "# keys that sign TransferLab results, newest first\n"
                    + String.join("\n", keys) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write signing keys to " + file + ": " + e.getMessage(), e);
        }
    }

    public RecordSigner signer() {
        return new RecordSigner(keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList());
    }

    public int size() {
        return keys.size();
    }
}
