package dev.chatservice.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** How the harness tells whose process holds a port (a foreign node on our port poisoned a fault run). */
class StackTest {
    @Test
    void listener_portThisProcessListensOn_isThisProcess() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertEquals(ProcessHandle.current().pid(), Stack.listener(socket.getLocalPort()).orElse(-1));
        }
    }

    @Test
    void listener_portNobodyListensOn_isEmpty() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertTrue(Stack.listener(port).isEmpty());
    }
}
