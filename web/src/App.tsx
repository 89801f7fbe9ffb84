export function App() {
  return <main>Signalbox</main>
}
