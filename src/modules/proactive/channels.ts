// How a proactive message reaches a person on each channel. Web writes to the in-app notification centre; email
// goes through the configured SMTP server; Telegram is handed over by the connectors (provideChannelSender), so
// this module never imports them.
import nodemailer from 'nodemailer'
import type { ServiceContext } from '../../lib/context.js'
import { AppError } from '../../lib/errors.js'
import { createNotification } from '../notifications/index.js'
import { getUser } from '../identity/index.js'
import type { deliveryChannels } from './schema.js'
import type { ProactiveMessage } from './messages.js'

/** A failure no retry can mend (no linked account, no address, no SMTP server): the delivery fails at once. */
export class PermanentDeliveryError extends AppError {
  constructor(message: string) {
    super('delivery_impossible', message, 409)
  }
}

export type ChannelSender = (ctx: ServiceContext, message: ProactiveMessage) => Promise<void>

const transports = new Map<string, nodemailer.Transporter>()

const sendByEmail: ChannelSender = async (ctx, message) => {
  const mail = ctx.config.mail
  if (!mail) throw new PermanentDeliveryError('Email delivery needs an SMTP server: set SIGNALBOX_SMTP_URL')
  const user = await getUser(ctx, message.userId)
  if (!user.email) throw new PermanentDeliveryError('This person has no email address in their profile')
  let transport = transports.get(mail.smtpUrl)
  if (!transport) {
    transport = nodemailer.createTransport(mail.smtpUrl)
    transports.set(mail.smtpUrl, transport)
  }
  await transport.sendMail({
    from: mail.from,
    to: user.email,
    subject: message.title === 'Reminder' ? `Reminder: ${message.content.slice(0, 60)}` : message.title,
    text: message.content,
    // Lets the receiving side drop a repeat of the same message, should a retry follow a lost acknowledgement.
    messageId: `<proactive-${message.id}@signalbox>`,
  })
}

type Channel = (typeof deliveryChannels)[number]

const senders: Partial<Record<Channel, ChannelSender>> = {
  web: async (ctx, message) => {
    await createNotification(ctx, {
      type: `proactive.${message.kind}`,
      title: message.title,
      message: message.content,
      userId: message.userId,
      metadata: { proactiveMessageId: message.id },
    })
  },
  email: sendByEmail,
}

/** Registers the sender of a channel another module carries (Telegram: the connectors). */
export function provideChannelSender(channel: Channel, sender: ChannelSender): void {
  senders[channel] = sender
}

export function channelSender(channel: Channel): ChannelSender {
  const sender = senders[channel]
  if (!sender) throw new PermanentDeliveryError(`No ${channel} channel is available in this process`)
  return sender
}
