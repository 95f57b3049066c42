package dev.chatservice.systemtests.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.chatservice.systemtests.faults.Api.Answer;
import dev.chatservice.systemtests.faults.Ledger.ChatRecord;
import dev.chatservice.systemtests.faults.Ledger.MessageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Concurrent clients creating, updating and deleting chats and messages of one application. Each client owns
 * the chats it creates, so the final state of every entity follows from its own acknowledged writes in order.
 */
final class Load {
    /** The word every body carries, so that one search per chat finds all its messages. */
    static final String WORD = "faultword";

    private final Api api;
    private final String token;
    private final Ledger ledger;
    private final String scenario;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    Load(Api api, String token, Ledger ledger, String scenario) {
        this.api = api;
        this.token = token;
        this.ledger = ledger;
        this.scenario = scenario;
    }

    void start(int clients, long seed) {
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> run(client, new Random(seed * 31 + client)), "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Lets every client finish the write in hand (bounded by its give-up time) and waits for them. */
    boolean stop() {
        stopping = true;
        long deadline = System.nanoTime() + Api.GIVE_UP.toNanos() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    private void run(int client, Random random) {
        List<ChatRecord> chats = new ArrayList<>();
        int sequence = 0;
        while (!stopping) {
            sequence++;
            String tag = scenario + "c" + client + "n" + sequence;
            List<ChatRecord> live = chats.stream().filter(c -> !c.deleted && !c.uncertain).toList();
            double r = random.nextDouble();
            if (live.isEmpty() || r < 0.04) {
                ChatRecord chat = createChat(tag);
                if (chat != null) {
                    chats.add(chat);
                }
            } else {
                ChatRecord chat = live.get(random.nextInt(live.size()));
                List<MessageRecord> messages = chat.messages.values().stream()
                        .filter(m -> !m.deleted && !m.uncertain).toList();
                MessageRecord message = messages.isEmpty() ? null : messages.get(random.nextInt(messages.size()));
                if (r < 0.60 || message == null) {
                    createMessage(chat, tag);
                } else if (r < 0.78) {
                    updateMessage(message, tag);
                } else if (r < 0.88) {
                    deleteMessage(message);
                } else if (r < 0.90 && live.size() > 2) {
                    deleteChat(chat);
                } else {
                    read(chat, message);
                }
            }
            Shell.sleep(10 + random.nextInt(20));
        }
    }

    private ChatRecord createChat(String tag) {
        Answer answer = api.write("POST", "/applications/" + token + "/chats", null, "chat-" + tag, false);
        if (!answer.ok()) {
            gaveUp(answer);
            return null;
        }
        return ledger.chatCreated(answer.body().get("number").asInt(), tag);
    }

    private void createMessage(ChatRecord chat, String tag) {
        String body = tag + " " + WORD + " first";
        Answer answer = api.write("POST", chatPath(chat) + "/messages", json(body), "msg-" + tag, true);
        if (!answer.ok()) {
            gaveUp(answer);
            if (answer.status() == 404 || answer.status() < 0 || answer.status() >= 500) {
                chat.uncertain = true;
            }
            return;
        }
        ledger.messageCreated(chat, answer.body().get("number").asInt(), tag, body);
    }

    private void updateMessage(MessageRecord message, String tag) {
        String body = message.tag + " " + WORD + " edited in " + tag;
        Answer answer = api.write("PATCH", messagePath(message), json(body), null, true);
        if (answer.ok()) {
            message.body = body;
            ledger.acknowledged.incrementAndGet();
        } else {
            gaveUp(answer);
            message.uncertain = true;
        }
    }

    private void deleteMessage(MessageRecord message) {
        Answer answer = api.write("DELETE", messagePath(message), null, null, true);
        if (answer.ok()) {
            message.deleted = true;
            ledger.acknowledged.incrementAndGet();
        } else {
            gaveUp(answer);
            message.uncertain = true;
        }
    }

    private void deleteChat(ChatRecord chat) {
        // Not retried on 404: after a failed attempt that took effect, the chat is already gone.
        Answer answer = api.write("DELETE", chatPath(chat), null, null, false);
        if (answer.ok()) {
            chat.deleted = true;
            ledger.acknowledged.incrementAndGet();
        } else if (answer.status() == 404 && answer.retried()) {
            chat.uncertain = true;
        } else {
            gaveUp(answer);
            chat.uncertain = true;
        }
    }

    /** A read or a search, not retried: only its answer's status and speed are counted. */
    private void read(ChatRecord chat, MessageRecord message) {
        if (message != null && chat.number % 2 == 0) {
            api.once("GET", messagePath(message), null, null);
        } else {
            api.once("GET", chatPath(chat) + "/messages/search?q=" + WORD + "&limit=20", null, null);
        }
    }

    private void gaveUp(Answer answer) {
        ledger.gaveUp.incrementAndGet();
        System.out.println("faults:   a write was not acknowledged; last answer " + answer.status()
                + (answer.body() == null ? "" : " " + answer.body()));
    }

    private String chatPath(ChatRecord chat) {
        return "/applications/" + token + "/chats/" + chat.number;
    }

    private String messagePath(MessageRecord message) {
        return "/applications/" + token + "/chats/" + message.chat + "/messages/" + message.number;
    }

    private static String json(String body) {
        try {
            return Api.JSON.writeValueAsString(Map.of("body", body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
