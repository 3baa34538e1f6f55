#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/physics/electrochemistry/constants.h>
#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>

#include <cmath>

// The Schur complement of the species that Poisson's block of the
// field-split preconditioner sees.
namespace Fluxion
{
  template <int dim>
  void
  PoissonNernstPlanck<dim>::add_schur_complement_diagonal(
    VectorType &shift) const
  {
    if (electroneutral)
      return;
    const unsigned int S      = species.size();
    const auto         fields = this->fields();
    // In the units of Poisson's residual (times L): L F sum z^2 c / V_T.
    const double weight =
      context.length_unit_in_m * Electrochemistry::faraday / thermal_voltage;
    const QGauss<dim>                    quadrature(degree + 1);
    FEValues<dim>                        fe_values(*context.mapping,
                            dof_handler.get_fe(),
                            quadrature,
                            update_values | update_JxW_values);
    const FEValuesExtractors::Scalar     phi(fields[S].first_component);
    std::vector<std::vector<double>>     c(S,
                                       std::vector<double>(quadrature.size()));
    std::vector<double>                  screening(quadrature.size());
    std::vector<types::global_dof_index> dofs(fe_values.dofs_per_cell);
    for (const auto &cell : dof_handler.active_cell_iterators())
      // Ghost cells too: each owned DoF gets its whole row.
      if (!cell->is_artificial() && ion_free.count(cell->material_id()) == 0)
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          std::fill(screening.begin(), screening.end(), 0.0);
          for (unsigned int s = 0; s < S; ++s)
            {
              const FEValuesExtractors::Scalar field(fields[s].first_component);
              fe_values[field].get_function_values(solution, c[s]);
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                {
                  const double value =
                    fields[s].logarithmic ? std::exp(c[s][q]) : c[s][q];
                  screening[q] += species[s].charge * species[s].charge *
                                  std::max(value, 0.0) * weight;
                }
            }
          for (unsigned int i = 0; i < dofs.size(); ++i)
            if (fe_values.get_fe().system_to_component_index(i).first ==
                  fields[S].first_component &&
                locally_owned_dofs.is_element(dofs[i]))
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                shift[dofs[i]] +=
                  screening[q] * fe_values[phi].value(i, q) * fe_values.JxW(q);
        }
    shift.compress(VectorOperation::insert);
  }

  template class PoissonNernstPlanck<1>;
  template class PoissonNernstPlanck<2>;
  template class PoissonNernstPlanck<3>;
} // namespace Fluxion
