package dev.chatservice.systemtests.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The scenarios of the single-server fault suite (scripts/faults): a worker or an HTTP node killed, RabbitMQ,
 * Redis and MariaDB restarted, Elasticsearch stopped, and one dependency stalled behind the proxy, each on the
 * machine's shared servers.
 */
final class ServerScenarios {
    private final Stack stack;
    private final Servers servers;
    private final FaultSuite.Timing timing;
    private final String stallTarget;
    private final StallProxy proxy;
    private final Consumer<String> say;

    ServerScenarios(Stack stack, Servers servers, FaultSuite.Timing timing, String stallTarget, StallProxy proxy,
                    Consumer<String> say) {
        this.stack = stack;
        this.servers = servers;
        this.timing = timing;
        this.stallTarget = stallTarget;
        this.proxy = proxy;
        this.say = say;
    }

    List<FaultSuite.Scenario> all() {
        return List.of(
                new FaultSuite.Scenario("1 worker kill -9 mid-batch", "-", new FaultSuite.Fault() {
                    public void inject() {
                        String worker = busyWorker();
                        say("  kill -9 " + worker + ", which just applied a batch");
                        require(stack.kill(worker), "kill -9 " + worker);
                    }

                    public void heal() {
                        require(stack.up(), "restart the killed worker");
                    }
                }),
                new FaultSuite.Scenario("2 RabbitMQ restart", "-", new FaultSuite.Fault() {
                    public void inject() {
                        require(servers.stopRabbitmq(), "stop RabbitMQ");
                    }

                    public void heal() {
                        require(servers.startRabbitmq(), "start RabbitMQ");
                    }
                }),
                new FaultSuite.Scenario("3 Redis flush + restart", "-", new FaultSuite.Fault() {
                    public void inject() {
                        require(servers.flushRedis(), "flush Redis");
                        Shell.sleep(1000);
                        require(servers.stopRedis(), "stop Redis");
                    }

                    public void heal() {
                        require(servers.startRedis(), "start Redis");
                    }
                }),
                new FaultSuite.Scenario("4 Elasticsearch down " + timing.elasticsearchDown().toSeconds() + " s", "-", new FaultSuite.Fault() {
                    public void inject() {
                        require(servers.stopElasticsearch(), "stop Elasticsearch");
                        Shell.sleep(timing.elasticsearchDown().toMillis());
                    }

                    public void heal() {
                        require(servers.startElasticsearch(), "start Elasticsearch");
                    }
                }),
                new FaultSuite.Scenario("5 MariaDB restart", "-", new FaultSuite.Fault() {
                    public void inject() {
                        require(servers.stopMysql(), "stop MariaDB");
                    }

                    public void heal() {
                        require(servers.startMysql(), "start MariaDB");
                    }
                }),
                new FaultSuite.Scenario("6 HTTP node kill -9", "-", new FaultSuite.Fault() {
                    public void inject() {
                        require(stack.kill("http-1"), "kill -9 http-1");
                        Shell.sleep(2000);
                    }

                    public void heal() {
                        require(stack.up(), "restart http-1");
                    }
                }),
                new FaultSuite.Scenario("7 " + stallTarget + " stalled " + timing.stall().toSeconds() + " s", "-", new FaultSuite.Fault() {
                    public void inject() {
                        proxy.stall();
                        Shell.sleep(timing.stall().toMillis());
                    }

                    public void heal() {
                        proxy.resume();
                    }
                }));
    }

    /**
     * The worker that logs "batch applied" first, watched for at most 20 s: killed at once, it is most likely
     * in the middle of its next batch. Falls back to worker-0 if neither logs one.
     */
    private String busyWorker() {
        long[] offsets = new long[Stack.WORKERS];
        for (int i = 0; i < Stack.WORKERS; i++) {
            offsets[i] = stack.log("worker-" + i).toFile().length();
        }
        String[] busy = {null};
        Shell.await(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < Stack.WORKERS && busy[0] == null; i++) {
                Path log = stack.log("worker-" + i);
                try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
                    long length = file.length();
                    byte[] appended = new byte[(int) Math.min(1 << 20, Math.max(0, length - offsets[i]))];
                    file.seek(offsets[i]);
                    file.readFully(appended);
                    offsets[i] = length;
                    if (new String(appended, java.nio.charset.StandardCharsets.UTF_8).contains("batch applied")) {
                        busy[0] = "worker-" + i;
                    }
                } catch (java.io.IOException e) {
                    // not there yet
                }
            }
            return busy[0] != null;
        });
        return busy[0] == null ? "worker-0" : busy[0];
    }

    private void say(String line) {
        say.accept(line);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("could not " + what);
        }
    }
}
