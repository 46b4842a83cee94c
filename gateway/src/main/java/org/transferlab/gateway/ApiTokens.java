package org.transferlab.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens a gateway accepts, who each one is and the scopes it grants. None configured means
 * the API is open (the default, and what the embedded {@code run} uses) and everyone is
 * {@link Caller#ANONYMOUS}. Written as {@code [name=]token:scope,scope} entries separated by {@code ;}
 * (the option and environment form) or by lines (the file form, where {@code #} starts a comment),
 * e.g. {@code alice=tokA:read,write;tokB:read}. A token without a name is known by
 * {@code token-} and the first 8 hex digits of its SHA-256 (give names: that is what job listings and
 * logs show). Entries with the same name are the same submitter (for example a user's old and new token).
 */
public final class ApiTokens {
    /**
     * read: GET /api/*, the SSE streams and /eventbus; write: POST and DELETE /api/*; list-all: see
     * every submitter's jobs (others see their own); admin: all of these, and cancel anyone's job.
     */
    public enum Scope {
        READ, WRITE, LIST_ALL, ADMIN;

        String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Scope of(String text) {
            for (Scope s : values()) {
                if (s.json().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scope '" + text.strip() + "' (read, write, list-all or admin)");
        }
    }

    /** Who sent a request, and what they may do. */
    public record Caller(String name, Set<Scope> scopes) {
        /** Everyone, when no tokens are configured: there is no one to tell apart and nothing to forbid. */
        public static final Caller ANONYMOUS = new Caller("anonymous", EnumSet.allOf(Scope.class));

        public Caller {
            scopes = scopes.contains(Scope.ADMIN) ? EnumSet.allOf(Scope.class) : Set.copyOf(scopes);
        }

        public boolean may(Scope s) {
            return scopes.contains(s);
        }
    }

    public static final ApiTokens NONE = new ApiTokens(Map.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.@-]{0,63}");

    private final Map<String, Caller> callers;

    private ApiTokens(Map<String, Caller> callers) {
        this.callers = Map.copyOf(callers);
    }

    /** Entries separated by ';' or newlines; blank or null text means no tokens. */
    public static ApiTokens parse(String text) {
        Map<String, Caller> m = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("[;\n]")) {
                String entry = line.replaceFirst("#.*", "").strip();
                if (!entry.isEmpty()) {
                    add(m, entry);
                }
            }
        }
        return new ApiTokens(m);
    }

    /** The file form: one {@code [name=]token:scopes} entry a line. */
    public static ApiTokens read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Both sets of tokens (an option and a file may both be given); a token in both gets both scopes. */
    public ApiTokens and(ApiTokens other) {
        Map<String, Caller> m = new LinkedHashMap<>(callers);
        other.callers.forEach((t, c) -> m.merge(t, c, (a, b) -> {
            Set<Scope> u = EnumSet.copyOf(a.scopes());
            u.addAll(b.scopes());
            return new Caller(a.name(), u);
        }));
        return new ApiTokens(m);
    }

    public boolean enabled() {
        return !callers.isEmpty();
    }

    public int size() {
        return callers.size();
    }

    /** Who holds this token, or null for an unknown token; compares in constant time per token. */
    Caller callerOf(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Map.Entry<String, Caller> e : callers.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return found;
    }

    private static void add(Map<String, Caller> m, String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("token entry '" + mask(entry) + "' is not [NAME=]TOKEN:SCOPE[,SCOPE]");
        }
        Set<Scope> s = EnumSet.noneOf(Scope.class);
        for (String name : entry.substring(colon + 1).split(",")) {
            s.add(Scope.of(name));
        }
        String token = entry.substring(0, colon).strip();
        String name = null;
        int eq = token.indexOf('=');
        // a name is a word before '='; base64 padding ('=' at the end of a token) is not a name's mark
        if (eq > 0 && NAME.matcher(token.substring(0, eq)).matches() && eq < token.length() - 1
                && token.charAt(eq + 1) != '=') {
            name = token.substring(0, eq);
            token = token.substring(eq + 1).strip();
        }
        m.put(token, new Caller(name != null ? name : fingerprint(token), s));
    }

    private static String fingerprint(String token) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "token-" + HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** An entry in an error message without its secret. */
    private static String mask(String entry) {
        return entry.length() <= 4 ? "****" : entry.substring(0, 2) + "****";
    }
}
