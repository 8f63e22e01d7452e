// The compose form shared by /start-message/ (curated) and the legacy compose page: category,
// subject, message, and "Send" (a tracked POST to the collector's demo messaging endpoint).
// `recipient()` returns the team id to send to, or null (then `onMissingRecipient` runs).
import { h, fieldError } from './dom.js';
import { CATEGORIES, sendMessage } from './sm-api.js';

export function composeForm(ctx, { recipient, onMissingRecipient = () => {}, onSent = () => {} }) {
  const subjectError = fieldError('subject-error');
  const bodyError = fieldError('message-body-error');
  const status = h('div', { id: 'send-status', role: 'status' });
  const category = h('select', { id: 'category', name: 'category', dataset: { ddActionName: 'Category select' } },
    CATEGORIES.map(([value, label]) => h('option', { value }, label)));
  const subject = h('input', { id: 'subject', name: 'subject', type: 'text', maxlength: 50, 'data-dd-privacy': 'mask' });
  const body = h('textarea', { id: 'message-body', name: 'body', rows: 6, 'data-dd-privacy': 'mask' });
  const send = h('button', { type: 'submit', class: 'button-primary', dataset: { ddActionName: 'Send message button' } }, 'Send');

  async function submit() {
    const to = recipient();
    subjectError.show(subject.value.trim() ? '' : 'Subject cannot be blank.');
    bodyError.show(body.value.trim() ? '' : 'Message body cannot be blank.');
    if (!to) onMissingRecipient();
    if (!to || !subject.value.trim() || !body.value.trim()) return;
    send.disabled = true;
    status.dataset.status = 'sending';
    status.textContent = 'Sending…';
    const r = await sendMessage(ctx.rollout, { recipient_id: to, category: category.value, subject: subject.value, body: body.value });
    send.disabled = false;
    status.dataset.status = r.ok ? 'sent' : 'error';
    status.className = r.ok ? 'alert alert-success' : 'alert alert-error';
    status.textContent = r.ok
      ? 'Message was successfully sent.'
      : 'We’re sorry. We couldn’t send your message. Try again later.';
    if (r.ok) {
      subject.value = '';
      body.value = '';
      onSent(r);
    }
  }

  return h('form', { novalidate: true, onSubmit: (e) => { e.preventDefault(); submit(); } },
    h('div', { class: 'field' }, h('label', { for: 'category' }, 'Category'), category),
    h('div', { class: 'field' }, h('label', { for: 'subject' }, 'Subject (required)'), subject, subjectError.el),
    h('div', { class: 'field' }, h('label', { for: 'message-body' }, 'Message (required)'), body, bodyError.el),
    send, status);
}
