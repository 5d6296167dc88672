export { repeatEvery, type Repeating } from './repeat';
