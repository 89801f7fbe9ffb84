/** The minute tick that creates and delivers proactive messages (job.ts); a reminder also wakes it at its time. */
export const proactiveJobName = 'proactive.tick'
