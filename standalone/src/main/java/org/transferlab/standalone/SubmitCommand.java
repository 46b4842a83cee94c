package org.transferlab.standalone;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code transferlab submit}: a spec to a running gateway, the job id to stdout. */
@Command(name = "submit", description = "Submit a spec to a running gateway; prints the job id.")
final class SubmitCommand implements Callable<Integer> {
    @Mixin SpecInput spec;
    @Mixin GatewayUrl gateway;

    @Override
    public Integer call() throws Exception {
        byte[] body = spec.read(System.err);
        if (body == null) {
            return Main.USAGE;
        }
        GatewayClient.Reply r = gateway.client().submit(body);
        if (r.status() == 400 || r.status() == 422) {
            SpecErrors.print(System.err, r.body());
            return Main.INVALID_SPEC;
        }
        if (r.status() != 200 && r.status() != 202) {
            System.err.println("HTTP " + r.status() + ": " + r.body());
            return Main.UNAVAILABLE;
        }
        System.out.println(r.text("jobId"));
        System.err.println("state: " + r.text("state"));
        return Main.OK;
    }
}
