package org.transferlab.standalone;

import java.nio.file.Path;
import java.util.List;
import org.transferlab.protocol.result.JobResult;

/**
 * The one place where {@code run} draws its plots: {@code org.transferlab.plot.SvgPlots.write(result,
 * dir)}. That class is written separately; until it is part of this module the call is made by
 * reflection, so that the CLI works (without plots) either way.
 * PLOT CALL SITE: replace the body of {@link #write} by {@code return SvgPlots.write(result, dir);}
 * once {@code org.transferlab.plot.SvgPlots} is on the classpath.
 */
final class Plots {
    private Plots() {
    }

    @SuppressWarnings("unchecked")
    static List<Path> write(JobResult result, Path dir) {
        try {
            Class<?> c = Class.forName("org.transferlab.plot.SvgPlots");
            return (List<Path>) c.getMethod("write", JobResult.class, Path.class).invoke(null, result, dir);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return List.of();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("plotting failed: " + cause, cause);
        }
    }
}
