package org.transferlab.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.transferlab.plot.SvgPlots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code transferlab plot}: a stored result's panels as SVG files. */
@Command(name = "plot", description = "Draw a result.json's panels as SVG files (test loss vs the swept "
        + "data size or parameter, and vs steps).")
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULT.json") Path result;
    @Option(names = "--out", description = "folder for the SVG files (default: the result's folder)") Path out;

    @Override
    public Integer call() {
        if (!Files.isReadable(result)) {
            System.err.println("cannot read " + result);
            return Main.USAGE;
        }
        Path dir = out != null ? out : result.toAbsolutePath().getParent();
        try {
            SvgPlots.write(result, dir).forEach(System.out::println);
            return Main.OK;
        } catch (RuntimeException e) {
            System.err.println("cannot plot " + result + ": " + e.getMessage());
            return Main.USAGE;
        }
    }
}
