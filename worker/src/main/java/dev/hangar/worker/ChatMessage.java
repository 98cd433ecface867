package dev.hangar.worker;

/** One chat message reduced to what the chat template renders: a role and its text. */
public record ChatMessage(String role, String content) {}
