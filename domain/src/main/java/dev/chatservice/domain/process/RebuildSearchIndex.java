package dev.chatservice.domain.process;

import dev.chatservice.domain.port.ChatLedger;
import dev.chatservice.domain.port.IndexableMessage;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.RejectedUpdatesException;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.List;
import java.util.function.LongConsumer;

/** Re-indexes every live message in the ledger, for an index that was lost or is suspect. */
public final class RebuildSearchIndex {
    private static final System.Logger LOG = System.getLogger(RebuildSearchIndex.class.getName());
    private static final int BATCH = 1000;

    private final ChatLedger ledger;
    private final MessageSearch search;

    public RebuildSearchIndex(ChatLedger ledger, MessageSearch search) {
        this.ledger = ledger;
        this.search = search;
    }

    /**
     * Indexes every live message; versions make it safe while workers keep writing.
     *
     * @param progress told the running total after each batch
     * @return how many messages were indexed (refused ones are logged and not counted)
     */
    public long rebuild(LongConsumer progress) {
        long position = 0;
        long indexed = 0;
        List<IndexableMessage> batch;
        while (!(batch = ledger.liveMessages(position, BATCH)).isEmpty()) {
            List<SearchUpdate> updates = batch.stream().<SearchUpdate>map(IndexableMessage::update).toList();
            try {
                search.apply(updates);
                indexed += batch.size();
            } catch (RejectedUpdatesException e) {
                // One bad document must not stop the rebuild of all the others.
                LOG.log(System.Logger.Level.ERROR, e.getMessage());
                indexed += batch.size() - e.rejected().size();
            }
            position = batch.get(batch.size() - 1).position();
            progress.accept(indexed);
        }
        return indexed;
    }
}
