package io.mailfleet.testing.clients;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

/** Slowloris-style attackers shared by the gateways' greedy-client tests. */
public final class SlowClients {

    private SlowClients() {
    }

    /**
     * Sends one more octet on every plain attacking connection; returns how many the server has closed.
     * TLS sockets are skipped: an octet written through them would be a whole record, not a trickle.
     */
    public static int trickle(List<Socket> attackers) {
        int closed = 0;
        for (Socket socket : attackers) {
            if (socket instanceof SSLSocket) {
                continue;
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write('x');
                out.flush();
            } catch (IOException e) {
                closed++;
            }
        }
        return closed;
    }
}
