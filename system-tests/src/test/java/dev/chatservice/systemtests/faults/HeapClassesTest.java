package dev.chatservice.systemtests.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapClassesTest {

    @Test
    void growthSince_classesThatGrewAndShrank_listsOnlyTheGrowthLargestFirst() {
        HeapClasses before = new HeapClasses(Map.of("a.Small", new long[] {1, 100}, "b.Shrinks", new long[] {9, 9000}));
        HeapClasses after = new HeapClasses(Map.of("a.Small", new long[] {3, 1124}, "b.Shrinks", new long[] {1, 10},
                "c.New", new long[] {10, 20480}));

        List<String> grew = after.growthSince(before, 5);

        assertEquals(2, grew.size(), grew.toString());
        assertTrue(grew.get(0).endsWith("c.New") && grew.get(0).contains("+20.0 KiB"), grew.get(0));
        assertTrue(grew.get(1).endsWith("a.Small") && grew.get(1).contains("+1.0 KiB"), grew.get(1));
    }

    @Test
    void of_thisJvm_readsItsLiveClasses() {
        HeapClasses mine = HeapClasses.of(ProcessHandle.current().pid());

        assertTrue(mine.byClass().containsKey("java.lang.String"), "classes read: " + mine.byClass().size());
    }

    @Test
    void connections_twoClientsOnALocalPort_countsBoth() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
             Socket first = new Socket("127.0.0.1", server.getLocalPort());
             Socket second = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted1 = server.accept();
             Socket accepted2 = server.accept()) {
            assertEquals(2.0, HeapClasses.connections(server.getLocalPort()));
        }
    }
}
