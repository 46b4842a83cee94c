package org.transferlab.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;

/**
 * Content-derived job ids: the hash of the canonical spec (defaults applied, keys sorted, numbers as
 * Jackson writes them) and the engine version. The same experiment submitted twice, by any client,
 * gets the same id, so it is computed once.
 */
public final class JobId {
    private static final int HEX_CHARS = 24;

    private JobId() {
    }

    public static String of(ExperimentSpec spec) {
        return of(canonical(spec), EngineVersion.CURRENT);
    }

    static String of(String canonicalSpec, String engineVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(canonicalSpec.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(engineVersion.getBytes(StandardCharsets.UTF_8));
            return "tl-" + HexFormat.of().formatHex(sha.digest()).substring(0, HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The canonical text of a spec: what the id hashes. Numbers are normalised by the records' types. */
    public static String canonical(ExperimentSpec spec) {
        return SpecJson.writeString(spec.withDefaults());
    }

    /** A syntactically valid id, so that paths and keys built from ids can be trusted. */
    public static boolean isWellFormed(String id) {
        return id != null && id.matches("tl-[0-9a-f]{" + HEX_CHARS + "}");
    }
}
