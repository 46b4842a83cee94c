package org.transferlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Code and docs cite the science as "THEORY 2.6.3", "THEORY 2.1-2.5" or "THEORY 2.6.3, 2.6.4": each
 * cited section (both ends of a range, every item of a list) must be a numbered heading of
 * docs/theory.md, and nothing may name the science file by its former upper-case name, which is not
 * in the repository.
 */
class TheoryReferencesTest {
    /** A section number: "1", "2.6.3", "4.A". */
    private static final String SECTION = "\\d+(?:\\.[0-9A-Z]+)*";
    /** "THEORY" or "theory.md" (optionally "section"/"§"), then sections joined by "-", "," or "and". */
    static final Pattern REFERENCE = Pattern.compile("(?:\\bTHEORY[ .]?|\\btheory\\.md,?\\s*(?:§\\s*|sections?\\s+)?)("
            + SECTION + "(?:\\s*(?:-|,|and)\\s*" + SECTION + ")*)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(" + SECTION + ")\\.?\\s");
    private static final Pattern SEPARATOR = Pattern.compile("\\s*(?:-|,|and)\\s*");
    private static final Pattern MISSING_FILE = Pattern.compile("\\bTHEORY\\.md\\b");
    private static final Set<String> SCANNED = Set.of("java", "js", "json", "md", "py", "html", "sh", "xml",
            "yml", "yaml", "properties", "txt");
    private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", "runs");

    private static Path root;
    private static Set<String> sections;

    @BeforeAll
    static void readTheory() throws IOException {
        root = repositoryRoot();
        Path theory = root.resolve("docs/theory.md");
        assertThat(theory).as("the theory document").exists();
        sections = headings(Files.readAllLines(theory, StandardCharsets.UTF_8));
    }

    @Test
    void everyCitedSectionIsAHeadingOfTheTheoryDocument() throws IOException {
        List<String> broken = new ArrayList<>();
        int cited = 0;
        for (Path file : sourceFiles()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String where = root.relativize(file) + ":" + (i + 1);
                for (String section : citedSections(lines.get(i))) {
                    cited++;
                    if (!sections.contains(section)) {
                        broken.add(where + " cites section " + section + ", which docs/theory.md does not have");
                    }
                }
                if (MISSING_FILE.matcher(lines.get(i)).find()) {
                    broken.add(where + " names the former science file; link docs/theory.md instead");
                }
            }
        }
        assertThat(broken).as("references to the theory that resolve to nothing").isEmpty();
        assertThat(cited).as("references found (the scan must see the code)").isGreaterThan(50);
    }

    @Test
    void theParserReadsRangesListsAndHeadings() {
        String cite = "THEO" + "RY ";
        assertThat(citedSections("see (" + cite + "2.6.3-2.6.6) and more")).containsExactly("2.6.3", "2.6.6");
        assertThat(citedSections(cite + "1, 2.6, 4.C and 4.E.")).containsExactly("1", "2.6", "4.C", "4.E");
        assertThat(citedSections(cite + "1.3. Next sentence")).containsExactly("1.3");
        assertThat(citedSections("docs/theory" + ".md section 2.7")).containsExactly("2.7");
        assertThat(citedSections("the theory is kernel regression")).isEmpty();
        assertThat(headings(List.of("## 2. Theory", "### 4.A Particles", "#### 2.6.1 The flow", "## Notes", "text 3.1 x")))
                .containsExactlyInAnyOrder("2", "4.A", "2.6.1");
        assertThat(sections).contains("1", "1.2", "2.6.3", "2.6.6", "4.A", "5").doesNotContain("9.9");
    }

    static List<String> citedSections(String line) {
        List<String> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(line);
        while (m.find()) {
            for (String s : SEPARATOR.split(m.group(1).trim())) {
                found.add(s);
            }
        }
        return found;
    }

    static Set<String> headings(List<String> lines) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher m = HEADING.matcher(line);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** The directory above this module that holds the parent pom and the protocol module. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("pom.xml")) && Files.exists(dir.resolve("protocol/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> sourceFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(TheoryReferencesTest::scanned).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean scanned(Path file) {
        for (Path part : root.relativize(file)) {
            String name = part.toString();
            if (name.startsWith(".") || SKIPPED_DIRS.contains(name)) {
                return false;
            }
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && SCANNED.contains(name.substring(dot + 1));
    }
}
