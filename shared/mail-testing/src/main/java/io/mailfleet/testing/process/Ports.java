package io.mailfleet.testing.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers. */
public final class Ports {

    private Ports() {
    }

    /** Ports this JVM has handed out: the kernel may offer a port again as soon as its probe socket is closed. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 100;

    /**
     * A port free right now, and never one this JVM handed out before: a server asking for two (Kafka's
     * listener and controller) must not get the same one twice. Another process could take it before the
     * server binds it; servers report that as a start failure, which names the port.
     */
    public static int free() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = probe();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new ServerStartException("no loopback port that this JVM has not handed out already in " + ATTEMPTS + " attempts");
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ServerStartException("no free loopback port: " + e.getMessage(), e);
        }
    }

    /** {@code port} itself, or a free port when it is 0. */
    public static int orFree(int port) {
        return port == 0 ? free() : port;
    }

    public static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message naming {@code what} when something already listens on {@code port}. */
    public static void requireUnused(String what, int port) {
        if (accepts("127.0.0.1", port)) {
            throw new ServerStartException(what + " port " + port + " is already in use on 127.0.0.1");
        }
    }
}
