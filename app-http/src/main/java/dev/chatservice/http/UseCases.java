package dev.chatservice.http;

import dev.chatservice.domain.port.ApplicationRegistry;
import dev.chatservice.domain.port.ChatHistory;
import dev.chatservice.domain.port.CommandQueue;
import dev.chatservice.domain.port.MessageSearch;
import dev.chatservice.domain.port.NumberAllocator;
import dev.chatservice.domain.usecase.CreateApplication;
import dev.chatservice.domain.usecase.CreateChat;
import dev.chatservice.domain.usecase.CreateMessage;
import dev.chatservice.domain.usecase.DeleteApplication;
import dev.chatservice.domain.usecase.DeleteChat;
import dev.chatservice.domain.usecase.DeleteMessage;
import dev.chatservice.domain.usecase.GetApplication;
import dev.chatservice.domain.usecase.GetChat;
import dev.chatservice.domain.usecase.GetMessage;
import dev.chatservice.domain.usecase.ListApplications;
import dev.chatservice.domain.usecase.ListChats;
import dev.chatservice.domain.usecase.ListMessages;
import dev.chatservice.domain.usecase.RenameApplication;
import dev.chatservice.domain.usecase.SearchMessages;
import dev.chatservice.domain.usecase.UpdateMessage;
import java.security.SecureRandom;
import java.time.Clock;

/** Every use case the API serves, one per endpoint, built from the ports. */
public record UseCases(CreateApplication createApplication, GetApplication getApplication,
                RenameApplication renameApplication, DeleteApplication deleteApplication,
                ListApplications listApplications, CreateChat createChat, ListChats listChats, GetChat getChat,
                DeleteChat deleteChat, CreateMessage createMessage, ListMessages listMessages,
                GetMessage getMessage, UpdateMessage updateMessage, DeleteMessage deleteMessage,
                SearchMessages searchMessages) {

    public static UseCases of(ApplicationRegistry applications, ChatHistory history, NumberAllocator allocator,
                              CommandQueue queue, MessageSearch search, Clock clock) {
        return new UseCases(
                new CreateApplication(applications, allocator, clock, new SecureRandom()),
                new GetApplication(applications),
                new RenameApplication(applications, clock),
                new DeleteApplication(applications, allocator),
                new ListApplications(applications),
                new CreateChat(allocator, queue, clock),
                new ListChats(applications, history),
                new GetChat(history),
                new DeleteChat(allocator, queue, clock),
                new CreateMessage(allocator, queue, clock),
                new ListMessages(history, allocator),
                new GetMessage(applications, history),
                new UpdateMessage(allocator, queue, clock),
                new DeleteMessage(allocator, queue, clock),
                new SearchMessages(allocator, search));
    }
}
