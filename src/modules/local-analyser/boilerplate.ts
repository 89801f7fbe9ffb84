// Text no person wrote for the reader: notification templates, list footers, signatures, announcements. Real
// archives are full of it (GitHub/Jira/Jenkins mail, "To unsubscribe" footers), and every line of it that reaches
// the rules becomes a proposal nobody wants ("To close this pull request, make a commit…" filed 23 times).

/** A line from which the rest of the message is template or footer: everything after it is dropped. */
const footerStart = [
  /^-{2,}\s*$/, // mailing-list footer rule ("------...") before "To unsubscribe"
  /^(?:—|--)?\s*You are receiving this because\b/i,
  /^Reply to this email directly\b/i,
  /^You received this (?:message|email) because you are subscribed\b/i,
  /^To (?:unsubscribe|close this pull request|stop receiving)\b/i,
  /^(?:This message was sent by Atlassian|This is an automatically generated|This (?:e-?mail|message) (?:and any attachments )?(?:is|was|may be) (?:confidential|intended|automatically))/i,
  /^(?:CONFIDENTIALITY|DISCLAIMER|NOTICE):/,
  /^(?:Sent from my|Get Outlook for)\b/i,
  /^(?:Unsubscribe|Manage (?:your )?(?:notification|email) (?:settings|preferences))\b/i,
]

/** A single template line inside a message (kept out, the rest stays). */
const templateLine = [
  /\bview it on GitHub\b/i,
  /^(?:Commit Summary|File Changes|Patch Links|You can view, comment on, or merge this pull request online at):?/i,
  /^(?:Regards|Best regards|Kind regards|Best|Cheers|Thanks|Thank you|Warm regards|BR),?\s*$/i,
]

export function stripBoilerplate(text: string): string {
  const kept: string[] = []
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (footerStart.some((pattern) => pattern.test(trimmed))) break
    if (templateLine.some((pattern) => pattern.test(trimmed))) continue
    kept.push(line)
  }
  return kept.join('\n')
}

/** Notifications from build servers, trackers and repositories: information, never a request to the reader. */
const notificationMessage =
  /^(?:\[[^\]]+\]\s*)?(?:Jenkins build|Build (?:failed|succeeded|fixed|is (?:unstable|back to stable|still))|\[?jira\]?|\[(?:GitHub|Gerrit)\]|Change in \S+\[|[\w.-]+ (?:pushed|merged|closed|opened|commented on|approved|requested changes|labeled) )/i
const notificationFooter =
  /\b(?:You are receiving this because|view it on GitHub|This message was sent by Atlassian|To close this pull request, make a commit)\b/i

export function isNotification(content: string): boolean {
  return notificationMessage.test(content.trim()) || notificationFooter.test(content)
}

/** Release notes and announcements: their imperative lines ("Add X", "Fix Y") describe done work. */
const announcement =
  /\b(?:(?:happy|pleased|proud|excited|glad) to (?:announce|share|release)|is (?:now )?(?:released|out|available)\b|has been released|release notes|changelog|what'?s new in)\b/i

export function isAnnouncement(content: string): boolean {
  return announcement.test(content.slice(0, 600))
}

/**
 * Courtesy lines that look like requests but ask nothing concrete: offers of help, conditional pleas ("if it
 * doesn't work, pls file an issue"), sign-offs.
 */
const courtesy =
  /\b(?:if you (?:have|need|want) (?:any |more |further )?(?:questions?|help|info(?:rmation)?|details|assistance|anything)|(?:if|in case) (?:it|this|that|anything) (?:doesn'?t|does not|didn'?t|did not|still doesn'?t) work|let (?:me|us) know if (?:you|there)|feel free to|don'?t hesitate to|do not hesitate to|hope (?:this|it|that) helps|let'?s know if|please (?:correct|excuse|forgive) me|thanks? in advance|any (?:help|advice|ideas?|suggestions?|pointers?|hints?) (?:(?:will|would) be|is) (?:highly |much |greatly |very much )?appreciated|(?:i )?look forward to hearing from you|if (?:you(?:'re| are)|your are|anyone is|anybody is) interested|(?:when|whenever|each time|every time) you (?:make|do|change|add|touch|commit|push) |if you (?:have|want to share) (?:an|any) (?:opinion|thoughts|comments|feedback))\b/i

/**
 * Help-seeking addressed to nobody in particular ("Can anyone think of something I can look at?", "Does anybody
 * know…?"): an information question to the list, which an answer settles; not work for the reviewer's team.
 */
const helpSeeking =
  /\b(?:(?:can|could|would|does|do|did|has|have|is there) (?:anyone|anybody|someone|somebody|any ?one|any of you|you guys) (?:\w+ ){0,3}?(?:comment on|comment|say|know|knows|think|tell|help|explain|point|suggest|advise|recommend|seen|experienced|had|encountered|ran into|shed|confirm|solve|figure|verify|reproduce|spot|see)|any (?:ideas?|suggestions?|hints?|pointers?|thoughts|help)\b[^.!]*\?|(?:i|we) (?:need|would like|want) (?:some )?(?:help|advice|assistance))\b/i

/**
 * Information questions put as requests ("Can you think of something I can look at?", "Please advise", "Can you
 * tell me how…"): the labelling rules count them as questions, whose answers are knowledge, never as work.
 */
const informationQuestion =
  /\b(?:(?:can|could|would|will) (?:you|u|anyone|someone|somebody|anybody)(?: please)? (?:tell|explain|think of|advise|recommend|suggest|point me|confirm|clarify|shed|enlighten|instruct)|please (?:advise|explain|enlighten|instruct me|help me (?:understand|figure|find))|(?:please )?help me (?:in |with )?(?:understand|figur|find|check|determin|solv|get)\w*|(?:show|tell|provide|give) me\b[^.?!]{0,60}\bhow (?:you|to|i)|^(?:would|is) it (?:be )?possible to(?! (?:get|have|send|meet|schedule|talk|discuss)\b)(?![^?]*\b(?:you|me|us)\b)(?=[^?]*\?))\b/i

/** "Can anyone simplify this or instruct me on what I am overlooking?": the list asked to help the asker. */
const askingTheListForMe = /\b(?:can|could|would|will) (?:anyone|anybody|someone|somebody)\b[^!?]*\bme\b[^!]*\?\s*$/i

export function isHelpSeeking(sentence: string): boolean {
  return helpSeeking.test(sentence) || informationQuestion.test(sentence) || askingTheListForMe.test(sentence)
}

export function isCourtesy(sentence: string): boolean {
  return courtesy.test(sentence)
}

/** A reply that quotes what it answers (e-mail quoting, "On … wrote:", an Outlook header block). */
export function quotesAnotherMessage(content: string): boolean {
  return /^\s*>|^(?:On|Am|Le|El) .{5,160}(?:wrote|schrieb|a écrit|escribió)[^:]{0,80}:\s*$|^-{2,}\s*Original Message|^From: .+\n(?:Sent|Date): /im.test(
    content,
  )
}
