package org.transferlab.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The example specs of {@code examples/}, copied into the jar under {@code presets/} at build time,
 * offered by the dashboard. Read from the class path, whether that is a directory (tests, the IDE)
 * or a jar (the shaded {@code transferlab.jar}), because a class path cannot be listed portably.
 */
final class Presets {
    static final String FOLDER = "presets";

    private Presets() {
    }

    /** {"presets": [{"name": "fig1a", "spec": {...}}, ...]} in name order; empty when none ship. */
    static JsonObject load() {
        TreeMap<String, String> byName = new TreeMap<>();
        URL url = Presets.class.getClassLoader().getResource(FOLDER);
        try {
            if (url == null) {
                return body(byName);
            }
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection conn = (JarURLConnection) url.openConnection();
                conn.setUseCaches(false);
                try (JarFile jar = conn.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        String name = e.getName();
                        if (name.startsWith(FOLDER + "/") && name.endsWith(".json") && name.indexOf('/', FOLDER.length() + 1) < 0) {
                            try (InputStream in = jar.getInputStream(e)) {
                                byName.put(baseName(name), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            } else {
                List<Path> files = new ArrayList<>();
                try (var list = Files.list(Path.of(url.toURI()))) {
                    list.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(files::add);
                }
                for (Path f : files) {
                    byName.put(baseName(f.getFileName().toString()), Files.readString(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the presets shipped in the jar", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("presets folder has no file path: " + url, e);
        }
        return body(byName);
    }

    private static JsonObject body(TreeMap<String, String> byName) {
        JsonArray arr = new JsonArray();
        byName.forEach((name, text) -> arr.add(new JsonObject().put("name", name).put("spec", new JsonObject(text))));
        return new JsonObject().put("presets", arr);
    }

    private static String baseName(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - ".json".length());
    }
}
