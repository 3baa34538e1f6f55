#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_diffusion.h>

namespace Fluxion
{
  template <int dim>
  typename DopantDiffusion<dim>::SurfaceCondition
  DopantDiffusion<dim>::parse_surface_condition(const std::string &text,
                                                const std::string &parameter,
                                                const unsigned int dopant) const
  {
    SurfaceCondition c;
    const auto       words = Utilities::split_string_list(text, ' ');
    const auto       bad   = [&]() {
      AssertThrow(false,
                  ExcMessage("Parameter <" + parameter + ">: <" + text +
                             "> is not a surface condition. Use 'inert', "
                                     "'concentration CS', 'solubility' or "
                                     "'mass transfer H CSTAR'."));
    };
    const auto at_solubility = [&]() {
      AssertThrow(solubility[dopant] != nullptr,
                  ExcMessage("Parameter <" + parameter +
                             ">: 'solubility' needs the solid solubility of " +
                             dopants[dopant].name +
                             " in <Dopant diffusion/Solid solubilities> "
                             "(it has no built-in table)."));
      return true;
    };
    if (words.size() == 1 && words[0] == "inert")
      c.kind = SurfaceCondition::inert;
    else if (words.size() == 1 && words[0] == "solubility")
      {
        c.kind          = SurfaceCondition::concentration;
        c.at_solubility = at_solubility();
      }
    else if (words.size() == 2 && words[0] == "concentration")
      {
        c.kind  = SurfaceCondition::concentration;
        c.value = parse_double(words[1], parameter);
      }
    else if (words.size() == 4 && words[0] == "mass" && words[1] == "transfer")
      {
        c.kind = SurfaceCondition::mass_transfer;
        c.h    = parse_double(words[2], parameter);
        if (words[3] == "solubility")
          c.at_solubility = at_solubility();
        else
          c.value = parse_double(words[3], parameter);
        AssertThrow(c.h >= 0,
                    ExcMessage("Parameter <" + parameter +
                               ">: the transfer coefficient must not be "
                               "negative."));
      }
    else
      bad();
    AssertThrow(c.value >= 0,
                ExcMessage("Parameter <" + parameter +
                           ">: the concentration must not be negative."));
    return c;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::read_surface_conditions(ParameterHandler &prm)
  {
    prm.enter_subsection("Surface conditions");
    for (const auto &s : process->steps())
      {
        prm.enter_subsection(s.name);
        surface_conditions.emplace_back();
        for (unsigned int i = 0; i < dopants.size(); ++i)
          {
            const std::string where =
              "Surface conditions/" + s.name + "/" + dopants[i].name;
            surface_conditions.back().push_back(
              parse_surface_condition(prm.get(dopants[i].name), where, i));
            if (surface_conditions.back().back().at_solubility)
              for (const double T : {s.T_start_K, s.T_end_K})
                AssertThrow(solubility[i]->covers(T),
                            ExcMessage(
                              "Parameter <" + where + ">: step <" + s.name +
                              "> reaches " + Utilities::to_string(T - 273.15) +
                              " C, outside " + solubility_origin[i] +
                              ", which covers " + solubility[i]->range() +
                              "; give data for this range in "
                              "<Dopant diffusion/Solid "
                              "solubilities>."));
          }
        prm.leave_subsection();
      }
    prm.leave_subsection();
  }

  template <int dim>
  double
  DopantDiffusion<dim>::surface_value(const SurfaceCondition &c,
                                      const unsigned int      i,
                                      const double            T) const
  {
    return c.at_solubility ? solubility[i]->value(T) : c.value;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::make_constraints(const double t)
  {
    // Predeposition: the surface concentration of the step that ends at t.
    const auto  &conditions = surface_conditions[process->step_index(t)];
    const double T          = process->temperature(t);
    constraints.clear();
    constraints.reinit(locally_relevant_dofs);
    constraints.merge(hanging_constraints);
    zero_constraints.clear();
    zero_constraints.reinit(locally_relevant_dofs);
    zero_constraints.merge(hanging_constraints);
    // Surface DoFs in the window (everywhere without a mask). Silicon
    // faces first: where silicon and an oxide meet on the surface (the edge
    // of an opening in a mask layer) the silicon value holds.
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    for (const bool oxide_pass : {false, true})
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (!cell->is_artificial() &&
            !is_interface_layer(cell->material_id()) &&
            is_oxide(cell->material_id()) == oxide_pass)
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() &&
                cell->face(f)->boundary_id() == surface_id)
              {
                cell->get_dof_indices(dofs);
                for (unsigned int k = 0; k < dofs.size(); ++k)
                  {
                    const unsigned int i =
                      fe->system_to_component_index(k).first;
                    if (conditions[i].kind != SurfaceCondition::concentration ||
                        !fe->has_support_on_face(k, f) ||
                        constraints.is_constrained(dofs[k]) ||
                        !locally_relevant_dofs.is_element(dofs[k]))
                      continue;
                    const Point<dim> x =
                      context.mapping->transform_unit_to_real_cell(
                        cell, fe->unit_support_point(k));
                    if (!in_window(x))
                      continue;
                    constraints.add_line(dofs[k]);
                    constraints.set_inhomogeneity(
                      dofs[k],
                      surface_value(conditions[i], i, T) /
                        concentration_factor(i, cell->material_id()));
                    zero_constraints.add_line(dofs[k]);
                  }
              }
    constraints.close();
    zero_constraints.close();
  }

#define FLUXION_INSTANTIATE(dim)                                        \
  template void DopantDiffusion<dim>::read_surface_conditions(          \
    ParameterHandler &);                                                \
  template void   DopantDiffusion<dim>::make_constraints(const double); \
  template double DopantDiffusion<dim>::surface_value(                  \
    const SurfaceCondition &, const unsigned int, const double) const;
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
