package org.transferlab.protocol.spec;

import java.util.regex.Pattern;

/**
 * The syntax of a dataset task's {@code path}: relative to the data root, segments of letters, digits
 * and {@code . _ - +} separated by single slashes, no segment {@code .} or {@code ..}. This refuses
 * absolute paths, escapes, home-folder and drive forms and control characters before anything touches
 * a file system; the engine still resolves symbolic links and checks that the real file stays under
 * its root.
 */
public final class DatasetPath {
    public static final int MAX_LENGTH = 255;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+-]+");
    /** What an acceptable path looks like, for error messages (which never echo the path itself). */
    public static final String RULE = "must be a path relative to the data root: at most " + MAX_LENGTH
            + " characters, names of letters, digits, '.', '_', '-' or '+' separated by '/', no '.' or '..' names";

    private DatasetPath() {
    }

    public static boolean isAcceptable(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_LENGTH) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
