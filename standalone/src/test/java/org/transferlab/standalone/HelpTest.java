package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code transferlab <cmd> --help} prints that command's usage and exits 0, before any argument check. */
class HelpTest {
    @Test
    void everySubcommandAnswersHelpWithItsUsageAndExitZero() {
        Map<String, CommandLine> commands = Main.commandLine().getSubcommands();
        assertThat(commands).containsKeys("run", "serve", "gateway", "worker", "submit", "status", "watch",
                "cancel", "plot", "bench");
        for (String name : commands.keySet()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));

            int code = cli.execute(name, "--help");

            assertThat(code).as(name + " --help exit code; stderr: " + err).isZero();
            assertThat(out.toString()).as(name).startsWith("Usage: transferlab " + name);
            assertThat(err.toString()).as(name).isEmpty();
        }
    }

    @Test
    void topLevelHelpListsTheCommandsAndVersionWorksOnASubcommand() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("run", "serve", "bench");

        StringWriter version = new StringWriter();
        CommandLine sub = Main.commandLine();
        sub.setOut(new PrintWriter(version));
        assertThat(sub.execute("worker", "--version")).isZero();
        assertThat(version.toString()).startsWith("transferlab ");
    }

    @Test
    void aMissingRequiredOptionIsStillAUsageError() {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assumeTrue(System.getenv("TRANSFERLAB_BOOTSTRAP") == null, "the environment names a Kafka cluster");
        assertThat(cli.execute("worker")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--bootstrap");
    }
}
