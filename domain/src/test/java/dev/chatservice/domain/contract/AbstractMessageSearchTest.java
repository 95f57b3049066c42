package dev.chatservice.domain.contract;

import static dev.chatservice.domain.contract.Fixtures.chat;
import static dev.chatservice.domain.contract.Fixtures.message;
import static dev.chatservice.domain.contract.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatservice.domain.model.ChatRef;
import dev.chatservice.domain.model.InvalidValueException;
import dev.chatservice.domain.model.MessageBody;
import dev.chatservice.domain.model.Sender;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.SearchHit;
import dev.chatservice.domain.port.SearchOrder;
import dev.chatservice.domain.port.SearchPage;
import dev.chatservice.domain.port.SearchQuery;
import dev.chatservice.domain.port.SearchUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The promises every {@link MessageSearch} keeps; each implementation's test extends this class. */
public abstract class AbstractMessageSearchTest {

    protected MessageSearch search;
    private ChatRef chat;

    /** A search that answers at once for what was applied (real indexes refresh in {@link #refresh()}). */
    protected abstract MessageSearch newSearch() throws Exception;

    /** Makes everything applied so far visible to searches. */
    protected void refresh() throws Exception {}

    @BeforeEach
    void setUpSearch() throws Exception {
        search = newSearch();
        chat = chat(token(), 1);
    }

    private void index(ChatRef in, int number, String body) throws Exception {
        search.apply(List.of(new SearchUpdate.IndexMessage(message(in, number), new MessageBody(body), 1)));
        refresh();
    }

    private List<Integer> numbers(ChatRef in, String query) {
        return search.search(in, SearchQuery.parse(query), 50, Optional.empty()).hits().stream()
                .map(hit -> hit.number().value()).toList();
    }

    @Test
    void search_infix_findsWordContainingIt() throws Exception {
        index(chat, 1, "what a wonderful day");
        index(chat, 2, "nothing here");
        assertEquals(List.of(1), numbers(chat, "onder"));
    }

    @Test
    void search_messageWithSender_hitCarriesItAndOnlyTheBodyMatches() throws Exception {
        search.apply(List.of(
                new SearchUpdate.IndexMessage(message(chat, 1), Optional.of(new Sender("wonder-user")),
                        new MessageBody("what a wonderful day"), 1),
                new SearchUpdate.IndexMessage(message(chat, 2), Optional.of(new Sender("wonder-user")),
                        new MessageBody("nothing here"), 1)));
        index(chat, 3, "wonder without sender");
        List<SearchHit> hits = search.search(chat, SearchQuery.parse("wonder"), 50, Optional.empty()).hits();
        assertEquals(List.of(1, 3), hits.stream().map(hit -> hit.number().value()).sorted().toList());
        assertEquals(Optional.of(new Sender("wonder-user")),
                hits.stream().filter(hit -> hit.number().value() == 1).findFirst().orElseThrow().sender());
        assertEquals(Optional.empty(),
                hits.stream().filter(hit -> hit.number().value() == 3).findFirst().orElseThrow().sender());
    }

    @Test
    void search_prefix_findsWord() throws Exception {
        index(chat, 1, "what a wonderful day");
        assertEquals(List.of(1), numbers(chat, "wond"));
    }

    @Test
    void search_otherCase_findsWord() throws Exception {
        index(chat, 1, "What a WONDERFUL day");
        assertEquals(List.of(1), numbers(chat, "wOnDeR"));
    }

    @Test
    void search_dottedCapitalI_matchesAsTheLowerCaseI() throws Exception {
        index(chat, 1, "\u0130stanbul in spring");
        assertEquals(List.of(1), numbers(chat, "\u0130STANBUL"));
    }

    @Test
    void search_severalWords_findsMessagesHoldingAll() throws Exception {
        index(chat, 1, "wonderful sunny day");
        index(chat, 2, "wonderful rainy night");
        index(chat, 3, "sunny night");
        assertEquals(List.of(1), numbers(chat, "wonder sun"));
    }

    @Test
    void search_wholeWord_ranksAbovePartialMatch() throws Exception {
        index(chat, 1, "the catalogue arrived");
        index(chat, 2, "my cat sleeps");
        assertEquals(List.of(2, 1), numbers(chat, "cat"));
    }

    @Test
    void search_otherChat_isNotSeen() throws Exception {
        ChatRef other = chat(chat.application(), 2);
        index(other, 1, "secret plans");
        index(chat, 1, "public plans");
        assertEquals(List.of(), numbers(chat, "secret"));
        assertEquals(List.of(1), numbers(chat, "plans"));
    }

    @Test
    void search_sameChatNumberInOtherApplication_isNotSeen() throws Exception {
        ChatRef foreign = chat(token(), chat.chat().value());
        index(foreign, 1, "tenant secret");
        assertEquals(List.of(), numbers(chat, "secret"));
    }

    @Test
    void search_querySyntax_isPlainText() throws Exception {
        index(chat, 1, "call foo(bar) now");
        index(chat, 2, "nothing else");
        assertEquals(List.of(1), numbers(chat, "foo("));
        assertEquals(List.of(), numbers(chat, "*:* OR nothing"));
    }

    @Test
    void search_hit_carriesBodyAndHighlight() throws Exception {
        index(chat, 1, "a wonderful <day>");
        SearchHit hit = search.search(chat, SearchQuery.parse("onder"), 10, Optional.empty()).hits().get(0);
        assertEquals("a wonderful <day>", hit.body().value());
        assertTrue(hit.highlight().contains("<em>"), hit.highlight());
        assertTrue(hit.highlight().contains("&lt;day&gt;"), hit.highlight());
    }

    @Test
    void search_overSeveralPages_returnsEachHitOnce() throws Exception {
        List<SearchUpdate> updates = new ArrayList<>();
        for (int n = 1; n <= 7; n++) {
            updates.add(new SearchUpdate.IndexMessage(message(chat, n), new MessageBody("hello " + n), 1));
        }
        search.apply(updates);
        refresh();
        List<Integer> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            SearchPage page = search.search(chat, SearchQuery.parse("hello"), 3, cursor);
            page.hits().forEach(hit -> seen.add(hit.number().value()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), seen.stream().sorted().toList());
        assertEquals(7, seen.size());
    }

    @Test
    void search_newest_ordersByDescendingNumberWhateverTheMatch() throws Exception {
        index(chat, 1, "my cat sleeps");
        index(chat, 2, "the catalogue arrived");
        index(chat, 3, "nothing here");
        index(chat, 4, "a scattered cat");
        index(chat, 5, "concatenate");
        assertEquals(List.of(5, 4, 2, 1), newest(chat, "cat", 50));
        assertEquals(List.of(2), newest(chat, "cat the", 50));
    }

    @Test
    void search_newestOverSeveralPages_returnsEachHitOnceNewestFirst() throws Exception {
        List<SearchUpdate> updates = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            updates.add(new SearchUpdate.IndexMessage(message(chat, n),
                    new MessageBody(n % 3 == 0 ? "bond bidder " + n : "wonderful " + n), 1));
        }
        search.apply(updates);
        refresh();
        assertEquals(List.of(11, 10, 8, 7, 5, 4, 2, 1), newest(chat, "onder", 3));
    }

    @Test
    void search_gramsOfTheTermInDifferentWords_isNoHit() throws Exception {
        index(chat, 1, "bond bidder");
        index(chat, 2, "a wondrous bonder");
        assertEquals(List.of(2), numbers(chat, "onder"));
        assertEquals(List.of(2), newest(chat, "onder", 50));
    }

    @Test
    void search_shortAndLongTerms_matchAsInfixes() throws Exception {
        index(chat, 1, "x marks the spot");
        index(chat, 2, "an extra spotlight");
        index(chat, 3, "spotless");
        assertEquals(List.of(2, 1), newest(chat, "x spot", 50));
        assertEquals(List.of(1, 2), numbers(chat, "x spot"));
    }

    /** Every hit of a search by {@link SearchOrder#NEWEST}, following its cursors. */
    private List<Integer> newest(ChatRef in, String query, int limit) {
        List<Integer> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            SearchPage page = search.search(in, SearchQuery.parse(query), SearchOrder.NEWEST, limit, cursor);
            assertTrue(page.hits().size() <= limit, "page of " + page.hits().size());
            page.hits().forEach(hit -> seen.add(hit.number().value()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return seen;
    }

    @Test
    void search_foreignCursor_isRejected() {
        assertThrows(InvalidValueException.class,
                () -> search.search(chat, SearchQuery.parse("x"), 10, Optional.of("not-a-cursor")));
    }

    @Test
    void apply_newerVersion_replacesBody() throws Exception {
        index(chat, 1, "old words");
        search.apply(List.of(new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("fresh text"), 2)));
        refresh();
        assertEquals(List.of(), numbers(chat, "old"));
        assertEquals(List.of(1), numbers(chat, "fresh"));
    }

    @Test
    void apply_staleVersion_isIgnored() throws Exception {
        search.apply(List.of(new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("fresh text"), 3)));
        search.apply(List.of(new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("old words"), 2)));
        refresh();
        assertEquals(List.of(1), numbers(chat, "fresh"));
    }

    @Test
    void apply_removeMessage_hidesIt() throws Exception {
        index(chat, 1, "goodbye world");
        search.apply(List.of(new SearchUpdate.RemoveMessage(message(chat, 1), 2)));
        refresh();
        assertEquals(List.of(), numbers(chat, "goodbye"));
    }

    @Test
    void apply_removeChat_hidesAllItsMessages() throws Exception {
        index(chat, 1, "first note");
        index(chat, 2, "second note");
        search.apply(List.of(new SearchUpdate.RemoveChat(chat)));
        refresh();
        assertEquals(List.of(), numbers(chat, "note"));
    }

    @Test
    void apply_removeApplication_hidesAllItsChats() throws Exception {
        ChatRef second = chat(chat.application(), 2);
        index(chat, 1, "first note");
        index(second, 1, "second note");
        search.apply(List.of(new SearchUpdate.RemoveApplication(chat.application())));
        refresh();
        assertEquals(List.of(), numbers(chat, "note"));
        assertEquals(List.of(), numbers(second, "note"));
    }

    @Test
    void apply_sameUpdatesTwice_changesNothing() throws Exception {
        List<SearchUpdate> updates = List.of(
                new SearchUpdate.IndexMessage(message(chat, 1), new MessageBody("twice told"), 1));
        search.apply(updates);
        search.apply(updates);
        refresh();
        assertEquals(List.of(1), numbers(chat, "twice"));
    }
}
