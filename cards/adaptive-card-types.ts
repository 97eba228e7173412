/**
 * The slice of Adaptive Card 1.5 (plus two Teams chart elements) that Audit Loop's cards use. Plain JSON shapes,
 * so a builder's output can be sent as it is and checked against the official schema in tests.
 */

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge' | 'padding';
export type FontSize = 'small' | 'default' | 'medium' | 'large' | 'extraLarge';

interface ElementBase {
  id?: string;
  spacing?: Spacing;
  separator?: boolean;
  isVisible?: boolean;
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: FontSize;
  weight?: 'lighter' | 'default' | 'bolder';
  color?: TextColor;
  isSubtle?: boolean;
  style?: 'default' | 'heading';
  maxLines?: number;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: Fact[];
}

export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  bleed?: boolean;
}

export interface Column extends ElementBase {
  type: 'Column';
  items: CardElement[];
  width?: 'auto' | 'stretch' | string | number;
  verticalContentAlignment?: 'top' | 'center' | 'bottom';
}

export interface ColumnSet extends ElementBase {
  type: 'ColumnSet';
  columns: Column[];
  style?: ContainerStyle;
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: CardAction[];
}

interface InputBase extends ElementBase {
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface InputText extends InputBase {
  type: 'Input.Text';
  value?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
}

export interface InputChoice {
  title: string;
  value: string;
}

export interface InputChoiceSet extends InputBase {
  type: 'Input.ChoiceSet';
  choices: InputChoice[];
  value?: string;
  style?: 'compact' | 'expanded';
  placeholder?: string;
  wrap?: boolean;
}

export interface InputDate extends InputBase {
  type: 'Input.Date';
  value?: string;
  min?: string;
  max?: string;
}

/** Teams-only chart elements: other hosts show `fallback` instead. */
export interface ChartVerticalBar extends ElementBase {
  type: 'Chart.VerticalBar';
  title?: string;
  showBarValues?: boolean;
  colorSet?: string;
  data: { x: string; y: number; color?: string }[];
  fallback: CardElement;
}

export interface ChartPie extends ElementBase {
  type: 'Chart.Pie';
  title?: string;
  colorSet?: string;
  data: { legend: string; value: number; color?: string }[];
  fallback: CardElement;
}

export type InputElement = InputText | InputChoiceSet | InputDate;

export type CardElement =
  | TextBlock
  | FactSet
  | Container
  | ColumnSet
  | ActionSet
  | InputElement
  | ChartVerticalBar
  | ChartPie;

/** Data on a button: only plain JSON values, never a whole view model. */
export type ActionData = Record<string, string | number | boolean | number[]>;

export interface ExecuteAction {
  type: 'Action.Execute';
  title?: string;
  verb: string;
  data: ActionData;
  style?: 'default' | 'positive' | 'destructive';
  associatedInputs?: 'auto' | 'none';
  fallback?: SubmitAction | 'drop';
}

export interface SubmitAction {
  type: 'Action.Submit';
  title?: string;
  data: ActionData;
  style?: 'default' | 'positive' | 'destructive';
  associatedInputs?: 'auto' | 'none';
}

export interface ShowCardAction {
  type: 'Action.ShowCard';
  title: string;
  card: NestedCard;
}

/** Opens a link (in Teams, a deep link opens a chat or tab inside the client). */
export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = ExecuteAction | SubmitAction | ShowCardAction | OpenUrlAction;

/** A card inside Action.ShowCard: no version, no $schema. */
export interface NestedCard {
  type: 'AdaptiveCard';
  body: CardElement[];
  actions?: CardAction[];
}

export interface CardRefresh {
  action: ExecuteAction;
  userIds: string[];
}

export interface AdaptiveCard {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  type: 'AdaptiveCard';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: CardRefresh;
  fallbackText?: string;
}
