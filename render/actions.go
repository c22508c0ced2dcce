package render

import (
	"slices"

	"rnnlab/core"
	"rnnlab/lab"
	"rnnlab/render/ui"
	"rnnlab/words"
)

// do performs one action, from a key, a button or a gesture.
func (g *Game) do(a ui.Action) {
	g.paint.interacted = true
	if g.task != TaskWrite && g.cls.act(g, a) {
		return
	}
	st := g.sess.Settings()
	switch a {
	case ui.ActPause:
		st.Paused = !st.Paused
	case ui.ActStep:
		if !st.Paused {
			st.Paused = true
			g.sess.Apply(st)
		}
		g.sess.StepOnce()
		g.refreshButtons(false)
		return
	case ui.ActReset:
		gen := g.sess.Snapshot().Generation
		g.sess.Reset()
		g.msgs.resetAsked = g.sess.Snapshot().Generation != gen
		g.flash(words.M("app.reset"), words.M("app.reset_short"))
		return
	case ui.ActRNN:
		st.Cell = core.RNNTanh
	case ui.ActReLU:
		st.Cell = core.RNNReLU
	case ui.ActLSTM:
		st.Cell = core.LSTM
	case ui.ActGRU:
		st.Cell = core.GRU
	case ui.ActHiddenDown:
		st.Hidden = ui.StepHidden(st.Hidden, -1)
	case ui.ActHiddenUp:
		limit := lab.MaxHiddenFor(st.Cell, st.Layers)
		if st.Hidden >= limit {
			g.flash(words.M("app.size_limit", limit, lab.CellLabel(st.Cell)))
			return
		}
		st.Hidden = min(ui.StepHidden(st.Hidden, 1), limit)
	case ui.ActLRDown:
		st.LR = ui.StepLR(st.LR, -1)
	case ui.ActLRUp:
		st.LR = ui.StepLR(st.LR, 1)
	case ui.ActTempDown:
		st.Temperature = ui.StepTemp(st.Temperature, -1)
	case ui.ActTempUp:
		st.Temperature = ui.StepTemp(st.Temperature, 1)
	case ui.ActCorpus:
		cs := g.sess.Corpora()
		for i, c := range cs {
			if c.Name == st.Corpus {
				st.Corpus = cs[(i+1)%len(cs)].Name
				break
			}
		}
	case ui.ActText:
		if g.opts.OpenText != nil {
			g.opts.OpenText()
		} else {
			g.flash(g.opts.TextHint)
		}
		return
	case ui.ActLang:
		g.nextLang()
		return
	case ui.ActTask:
		g.SetTask((g.task + 1) % numTasks)
		return
	case ui.ActSave:
		g.saveModel()
		return
	case ui.ActExport:
		g.exportScreen()
		return
	case ui.ActFull:
		g.toggleFullscreen()
		return
	case ui.ActTheme:
		g.setTheme(!g.light)
		return
	case ui.ActLecture:
		g.lecture = !g.lecture
		g.relayoutNow()
		if g.lecture {
			g.flash(words.M("app.lecture"))
		}
		return
	case ui.ActSmaller, ui.ActBigger:
		dir := 1
		if a == ui.ActSmaller {
			dir = -1
		}
		g.scaleText(dir)
		return
	case ui.ActHelp:
		g.help = !g.help
		g.paint.full = true
		return
	case ui.ActClose:
		if g.help {
			g.help = false
			g.paint.full = true
		} else {
			g.dismiss()
		}
		return
	default:
		if !g.doView(a) {
			if ac, ok := g.activeView().(actor); ok {
				ac.act(g, a)
			}
		}
		return
	}
	g.sess.Apply(st)
	g.refreshButtons(false)
}

// doView performs the actions that move through what the views show:
// views, time steps, units, layers and passages. It reports false for an
// action it does not know, which the view shown may take.
func (g *Game) doView(a ui.Action) bool {
	w := g.snap.Window
	switch a {
	case ui.ActNextView:
		g.SetView((g.view + 1) % numViews)
	case ui.ActZoom:
		g.zoomed = !g.zoomed
	case ui.ActPrevUnit, ui.ActNextUnit:
		g.stepUnit(a)
	case ui.ActPin:
		g.togglePin(lab.FlagUnit{Layer: g.sel.Layer, Unit: g.sel.Unit})
	case ui.ActSortUnits:
		g.order = (g.order + 1) % numOrders
		g.flash(words.M("app.sorted", words.M(orderKey[g.order])))
	case ui.ActPrevStep:
		g.sel.T = max(0, g.sel.T-1)
	case ui.ActNextStep:
		if w != nil {
			g.sel.T = min(w.T-1, g.sel.T+1)
		}
	case ui.ActPrevWindow:
		g.sess.MoveWindow(-1)
	case ui.ActNextWindow:
		g.sess.MoveWindow(1)
	case ui.ActLayer:
		if g.sess.Settings().Layers < 2 {
			g.flash(words.M("app.one_layer"), words.M("app.one_layer_short"))
			return true
		}
		if w == nil {
			return true
		}
		n := len(w.Layers)
		g.sel.Layer = (g.sel.Layer - 1 + n) % n // the next layer down, after the bottom the top
	case ui.ActUnitsUp, ui.ActUnitsDown:
		step := 4
		if gr := g.timeline.rows; len(gr.Groups) > 0 {
			step = max(1, gr.Groups[0].Shown/2)
		}
		if a == ui.ActUnitsUp {
			g.sel.First = max(0, g.sel.First-step)
		} else {
			g.sel.First += step
		}
	default:
		v, ok := viewOf(a)
		if !ok {
			return false
		}
		g.SetView(v)
	}
	return true
}

// orderKey names each order of the unit rows.
var orderKey = [numOrders]string{"order.index", "order.variance", "order.flag"}

// stepUnit selects the previous or next unit, in the order the rows show
// them, and scrolls the rows to it.
func (g *Game) stepUnit(a ui.Action) {
	w := g.snap.Window
	groups := shownGroups(g, w)
	if len(groups) == 0 {
		return
	}
	n := groups[0].Units
	k := g.timeline.rowOf(g.sel.Unit)
	if a == ui.ActPrevUnit {
		k = (k - 1 + n) % n
	} else {
		k = (k + 1) % n
	}
	g.sel.Unit, g.sel.Picked = g.timeline.unitAt(k), true
	if rs := g.timeline.rows; len(rs.Groups) > 0 {
		if b := rs.Groups[0]; k < b.First || k >= b.First+b.Shown {
			g.sel.First = max(0, k-b.Shown/2)
		}
	}
}

// togglePin pins a unit (its value as a line over the text), or unpins it.
func (g *Game) togglePin(u lab.FlagUnit) {
	if i := slices.Index(g.pins, u); i >= 0 {
		g.pins = slices.Delete(g.pins, i, i+1)
		return
	}
	if len(g.pins) == maxPins {
		g.pins = g.pins[1:]
	}
	g.pins = append(g.pins, u)
}
