/**
 * A question the page asks before it throws away or replaces edited code: a modal
 * <dialog> (not window.confirm), which the keyboard answers: Tab between the choices,
 * Enter or Space picks one, Escape picks the one that changes nothing.
 */

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export interface Question<T extends string> {
  title: string;
  text: string;
  /** In the order shown; the first is focused, so Enter picks it. */
  choices: readonly Choice<T>[];
  /** What Escape (or closing the dialog otherwise) answers. */
  cancel: T;
}

/** Shows `question` in `dialog` and resolves with the choice made. */
export function ask<T extends string>(dialog: HTMLDialogElement, question: Question<T>): Promise<T> {
  const titleId = `${dialog.id}-title`;
  const textId = `${dialog.id}-text`;
  const title = Object.assign(document.createElement('h2'), { id: titleId, textContent: question.title });
  const text = Object.assign(document.createElement('p'), { id: textId, textContent: question.text });
  const buttons = document.createElement('div');
  buttons.className = 'dialog-choices';
  dialog.setAttribute('aria-labelledby', titleId);
  dialog.setAttribute('aria-describedby', textId);
  return new Promise<T>((resolve) => {
    let answer: T = question.cancel;
    for (const choice of question.choices) {
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: choice.label });
      button.dataset.choice = choice.value;
      button.addEventListener('click', () => {
        answer = choice.value;
        dialog.close();
      });
      buttons.append(button);
    }
    dialog.replaceChildren(title, text, buttons);
    dialog.addEventListener('close', () => resolve(answer), { once: true });
    dialog.showModal();
    (buttons.firstElementChild as HTMLButtonElement | null)?.focus();
  });
}
