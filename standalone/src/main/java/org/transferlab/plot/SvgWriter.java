package org.transferlab.plot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Builds one standalone SVG 1.1 document as text. Every attribute value and text node goes through
 * {@link #escape}, so names from specs (which users write) cannot break the XML; elements are closed
 * in order by a stack, so the output is always well formed.
 */
final class SvgWriter {
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private final StringBuilder out = new StringBuilder();
    private final Deque<String> open = new ArrayDeque<>();

    SvgWriter(double width, double height) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        open("svg", "xmlns", SVG_NS, "version", "1.1", "width", num(width), "height", num(height),
                "viewBox", "0 0 " + num(width) + " " + num(height), "font-family", "sans-serif");
    }

    /** Opens an element; attributes are name, value pairs. */
    SvgWriter open(String name, String... attributes) {
        tag(name, attributes, false);
        open.push(name);
        return this;
    }

    /** Closes the most recently opened element. */
    SvgWriter close() {
        String name = open.pop();
        indent();
        out.append("</").append(name).append(">\n");
        return this;
    }

    /** An element without children. */
    SvgWriter empty(String name, String... attributes) {
        tag(name, attributes, true);
        return this;
    }

    /** An element holding only (escaped) text, such as {@code <text>} or {@code <title>}. */
    SvgWriter text(String name, String content, String... attributes) {
        indent();
        out.append('<').append(name);
        attributes(attributes);
        out.append('>').append(escape(content)).append("</").append(name).append(">\n");
        return this;
    }

    /** The document, with every still-open element closed. */
    String finish() {
        while (!open.isEmpty()) {
            close();
        }
        return out.toString();
    }

    private void tag(String name, String[] attributes, boolean selfClosing) {
        indent();
        out.append('<').append(name);
        attributes(attributes);
        out.append(selfClosing ? "/>\n" : ">\n");
    }

    private void attributes(String[] attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
    }

    private void indent() {
        out.append("  ".repeat(open.size()));
    }

    /** A coordinate: two decimals are far below a pixel, and Locale.ROOT keeps the decimal point a point. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.equals("-0.00") ? "0.00" : s;
    }

    /**
     * XML-escapes text for both attributes and content, and drops characters XML 1.0 cannot carry at all
     * (control characters, unpaired surrogates) instead of writing a document no parser accepts.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (allowed(c)) {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean allowed(char c) {
        return c == '\t' || c == '\n' || c == '\r'
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD);
    }
}
