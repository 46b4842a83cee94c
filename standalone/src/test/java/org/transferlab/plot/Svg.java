package org.transferlab.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A written SVG parsed back with the JDK's XML parser, queried by XPath. Parsing is itself a check. */
final class Svg {
    final String text;
    private final Document doc;

    private Svg(String text, Document doc) {
        this.text = text;
        this.doc = doc;
    }

    static Svg read(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // Not namespace aware, so XPath can say //g instead of //*[local-name()='g'].
        f.setNamespaceAware(false);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("1.1");
        return new Svg(text, doc);
    }

    List<Element> all(String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** The series group whose {@code <title>} is exactly this label. */
    Element series(String label) throws Exception {
        List<Element> found = all("//g[@class='series'][title='" + label + "']");
        assertThat(found).as("series '%s'", label).hasSize(1);
        return found.get(0);
    }

    List<String> seriesLabels() throws Exception {
        return all("//g[@class='series']/title").stream().map(Element::getTextContent).toList();
    }

    List<String> texts(String xpath) throws Exception {
        return all(xpath).stream().map(Element::getTextContent).toList();
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** Vertices of an M/L path. */
    static int vertices(Element path) {
        return path.getAttribute("d").replaceAll("[^ML]", "").length();
    }

    /** Sub-paths (pen lifts) of an M/L path. */
    static int subPaths(Element path) {
        return path.getAttribute("d").replaceAll("[^M]", "").length();
    }
}
