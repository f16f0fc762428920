package io.mailfleet.testing.clients.imap;

/** How a client program ended: its exit status and everything it wrote to stdout and stderr. */
public record ClientRun(int exitCode, String output) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This run, or a failure naming the program and carrying its output. */
    public ClientRun requireSuccess(String program) {
        if (!succeeded()) {
            throw new IllegalStateException(program + " exited with status " + exitCode + ":\n" + output);
        }
        return this;
    }
}
