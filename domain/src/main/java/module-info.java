/**
 * The chat service's core, for the service's own adapters and for JVM applications that embed it. It needs
 * nothing but the JDK. {@code dev.chatservice.domain.ChatService} is the entry point for embedders.
 */
module dev.chatservice.domain {
    exports dev.chatservice.domain;
    exports dev.chatservice.domain.command;
    exports dev.chatservice.domain.memory;
    exports dev.chatservice.domain.model;
    exports dev.chatservice.domain.port;
    exports dev.chatservice.domain.process;
    exports dev.chatservice.domain.usecase;
}
